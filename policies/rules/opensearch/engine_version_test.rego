package warm_standby.rules.opensearch.engine_version_test

import data.warm_standby.rules.opensearch.engine_version as rule
import data.warm_standby.test_fixtures as fx

_primary_domain := "aws_opensearch_domain.Search_Domain_1E2F3A4B"

_version_path := "/resource/aws_opensearch_domain/Search_Domain_1E2F3A4B/engine_version"

_with_version(v) := fx.patch_stack(fx.app, "example-primary", [fx.replace(_version_path, v)])

test_noncompliant_1_opensearch_1_0 if {
	findings := rule.deny with input as _with_version("OpenSearch_1.0")
	fx.one_finding(findings, "example-primary", _primary_domain)
	fx.finding_with(findings, "example-primary", _primary_domain, "runs OpenSearch_1.0")
}

test_noncompliant_2_elasticsearch_7_9 if {
	fx.one_finding(rule.deny, "example-primary", _primary_domain) with input as _with_version("Elasticsearch_7.9")
}

test_noncompliant_3_elasticsearch_6 if {
	fx.one_finding(rule.deny, "example-primary", _primary_domain) with input as _with_version("Elasticsearch_6.8")
}

test_noncompliant_4_malformed_version if {
	fx.one_finding(rule.deny, "example-primary", _primary_domain) with input as _with_version("OpenSearch-2")
}

test_noncompliant_5_legacy_domain_on_default_version if {
	app := fx.add_resources(fx.app, "example-standby", "aws_elasticsearch_domain", {"Search_Legacy_1": {"domain_name": "legacy"}})
	fx.finding_with(rule.deny, "example-standby", "aws_elasticsearch_domain.Search_Legacy_1", "Elasticsearch_1.5") with input as app
}

test_noncompliant_6_plan if {
	plan := fx.patch_plan_values(fx.standby_plan, "aws_opensearch_domain.Search_Domain_C9D0E1F2", [fx.replace("/engine_version", "OpenSearch_1.0")])
	fx.one_finding(rule.deny, "example-standby", "aws_opensearch_domain.Search_Domain_C9D0E1F2") with input as plan
}

test_compliant_app if {
	count(rule.deny) == 0 with input as fx.app
	count(rule.deny) == 0 with input as fx.standby_plan
}

test_compliant_minimum_versions if {
	count(rule.deny) == 0 with input as _with_version("OpenSearch_1.1")
	count(rule.deny) == 0 with input as _with_version("Elasticsearch_7.10")
	count(rule.deny) == 0 with input as _with_version("OpenSearch_3.0")
}

test_compliant_default_opensearch_version if {
	app := fx.patch_stack(fx.app, "example-primary", [fx.remove(_version_path)])
	count(rule.deny) == 0 with input as app
}

test_compliant_legacy_domain_7_10 if {
	app := fx.add_resources(fx.app, "example-standby", "aws_elasticsearch_domain", {"Search_Legacy_1": {"domain_name": "legacy", "elasticsearch_version": "7.10"}})
	count(rule.deny) == 0 with input as app
}
