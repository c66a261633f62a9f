package warm_standby.rules.kubernetes.portworx_drives_encrypted_test

import data.warm_standby.rules.kubernetes.portworx_drives_encrypted as rule
import data.warm_standby.test_fixtures as fx

_release := "helm_release.Portworx_Release_1A2B3C4D"

_app(extra) := {"kind": "cdktf_app", "stacks": [{"name": "example-primary-k8s", "file": "x", "config": {
	"output": {"warm_standby_stack": {"value": object.union(fx.primary_metadata, {"stack": "example-primary-k8s", "layer": "kubernetes"})}},
	"provider": {"aws": [{"region": "us-east-1"}]},
	"resource": {"helm_release": {"Portworx_Release_1A2B3C4D": object.union({"name": "portworx", "chart": "portworx"}, extra)}},
}}]}

# 1. A drive spec without enc (Portworx's default is false).
test_spec_without_enc_fails if {
	fx.finding_with(rule.deny, "example-primary-k8s", _release, "has no enc=true") with input as _app({"values": ["drives: type=gp3,size=150\n"]})
}

# 2. enc=false said explicitly.
test_enc_false_fails if {
	fx.finding_with(rule.deny, "example-primary-k8s", _release, "type=gp3,size=150,enc=false") with input as _app({"values": ["drives: type=gp3,size=150,enc=false\n"]})
}

# 3. One of two specs unencrypted.
test_one_of_two_specs_fails if {
	app := _app({"values": ["drives: type=gp3,size=150,enc=true;type=io2,size=100,iops=3000\n"]})
	fx.one_finding(rule.deny, "example-primary-k8s", _release) with input as app
}

# 4. A set entry overrides an encrypted values YAML with an unencrypted spec.
test_set_entry_overrides_values_fails if {
	app := _app({"values": ["drives: type=gp3,size=150,enc=true\n"], "set": [{"name": "drives", "value": "type=gp3,size=150"}]})
	fx.one_finding(rule.deny, "example-primary-k8s", _release) with input as app
}

# 5. No drive specs at all.
test_no_drives_fails if {
	fx.finding_with(rule.deny, "example-primary-k8s", _release, "gives no drive specs") with input as _app({"values": ["clusterName: px\n"]})
}

# Compliant: every spec encrypted, with or without a key.
test_encrypted_specs_pass if {
	count(rule.deny) == 0 with input as _app({"values": ["drives: type=gp3,size=150,enc=true,tags=a:b;type=io2,size=100,enc=true,kms=alias/ebs\n"]})
}
