# METADATA
# title: OpenSearch engine supports cross-cluster replication
# description: |
#   Cross-cluster replication needs OpenSearch 1.1 or later, or Elasticsearch 7.10 or later.
#   aws_opensearch_domain without engine_version gets the latest OpenSearch; aws_elasticsearch_domain
#   without elasticsearch_version gets Elasticsearch 1.5.
# custom:
#   id: WS-OS-002
#   severity: HIGH
#   enforcement: mandatory
#   scope: stack_local
#   modes: [normal, failover]
#   recommended_action: Set engine_version to OpenSearch_1.1 or later (opensearch.engineVersion), or Elasticsearch_7.10 or later.
package warm_standby.rules.opensearch.engine_version

import data.warm_standby.lib

metadata := lib.rule_metadata(rego.metadata.chain())

_minimums := {"OpenSearch": [1, 1], "Elasticsearch": [7, 10]}

deny contains finding if {
	some rtype in ["aws_opensearch_domain", "aws_elasticsearch_domain"]
	some domain in lib.resources_of(rtype)
	version := _version(domain)
	not _supported(version)
	finding := lib.finding(domain, sprintf(
		"%s runs %v; cross-cluster replication needs OpenSearch_1.1 or Elasticsearch_7.10 or later",
		[domain.address, version],
	))
}

_version(domain) := object.get(domain.values, "engine_version", "OpenSearch_latest") if domain.type == "aws_opensearch_domain"

_version(domain) := concat("_", ["Elasticsearch", object.get(domain.values, "elasticsearch_version", "1.5")]) if {
	domain.type == "aws_elasticsearch_domain"
}

# Unknown until apply (a token): nothing to judge.
_supported(version) if lib.is_token(version)

_supported("OpenSearch_latest")

_supported(version) if {
	parts := split(version, "_")
	count(parts) == 2
	minimum := _minimums[parts[0]]
	numbers := split(parts[1], ".")
	major := lib.num(numbers[0])
	minor := lib.num(numbers[1])
	_at_least(major, minor, minimum)
}

_at_least(major, _, minimum) if major > minimum[0]

_at_least(major, minor, minimum) if {
	major == minimum[0]
	minor >= minimum[1]
}
