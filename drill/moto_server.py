"""moto_server with fixed hosted-zone ids (run by drill/moto.ts with the drill's virtualenv).

The stacks name an existing hosted zone by id (environment `dns.hostedZoneId`), but moto's
CreateHostedZone draws a random id and takes no tags. moto's id manager lets a resource be given a
custom id before it is created; this registers DRILL_HOSTED_ZONES ("name=ID,name=ID") with it, so the
drill's seeding CreateHostedZone call gets the id the configuration expects. Then moto's own server
entry point runs with the remaining arguments.
"""

import os
import sys

from moto.route53.models import HostedZoneIdentifier
from moto.server import main
from moto.utilities.id_generator import moto_id_manager

ACCOUNT_ID = os.environ.get("MOTO_ACCOUNT_ID", "123456789012")

for pair in filter(None, os.environ.get("DRILL_HOSTED_ZONES", "").split(",")):
    name, zone_id = pair.split("=", 1)
    # moto keys the custom id by the name as the request gives it; register both spellings.
    for spelling in {name.rstrip("."), name.rstrip(".") + "."}:
        moto_id_manager.set_custom_id(HostedZoneIdentifier(ACCOUNT_ID, spelling, None), zone_id)

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
