package warm_standby.lib.iam_test

import data.warm_standby.lib

test_star_crosses_dots_colons_and_slashes if {
	lib.iam_like("*.amazonaws.com", "s3.us-east-1.amazonaws.com")
	lib.iam_like("arn:aws:s3:::*", "arn:aws:s3:::my.bucket/a/b.json")
	lib.iam_like("*", "arn:aws:ec2:us-east-1:123456789012:volume/vol-0")
	lib.iam_like("s3.*.amazonaws.com", "s3.us-east-1.amazonaws.com")
}

test_star_matches_nothing if {
	lib.iam_like("arn:aws:kms:*:123456789012:key/*", "arn:aws:kms::123456789012:key/")
}

test_literal_and_prefix_mismatch if {
	not lib.iam_like("arn:aws:s3:::bucket", "arn:aws:s3:::bucket2")
	not lib.iam_like("arn:aws:s3:::bucket/*", "arn:aws:s3:::other/x")
	not lib.iam_like("ec2:delete*", "ec2:detachvolume")

	# The prefix and the suffix must not overlap.
	not lib.iam_like("ab*ba", "aba")
}

test_case_sensitive if {
	not lib.iam_like("arn:aws:s3:::Bucket/*", "arn:aws:s3:::bucket/x")
}

test_question_mark_is_one_character if {
	lib.iam_like("ec2:delete?olume", "ec2:deletevolume")
	not lib.iam_like("ec2:delete?olume", "ec2:deleteolume")
	lib.iam_like("arn:aws:s3:::b?/*/x.*", "arn:aws:s3:::b1/a.b/x.json")
}

test_several_stars if {
	lib.iam_like("arn:aws:kms:*:*:key/*", "arn:aws:kms:us-west-2:123456789012:key/abc")
	not lib.iam_like("arn:aws:kms:*:*:key/*", "arn:aws:kms:us-west-2:123456789012:alias/abc")
}

# IAM has no character classes or alternatives: "[", "]", "{", "}" and "\" are literal.
test_glob_syntax_is_literal if {
	lib.iam_like("arn:aws:s3:::b*/[x]{y}\\*", "arn:aws:s3:::b1/[x]{y}\\z")
	not lib.iam_like("arn:aws:s3:::b*/[xy]*", "arn:aws:s3:::b1/x1")
	not lib.iam_like("arn:aws:s3:::b*/{x,y}*", "arn:aws:s3:::b1/x1")
	lib.iam_like("a?[b]", "a1[b]")
	not lib.iam_like("a?[b]", "a1b")
}

# Several "*" without "?" are matched with string built-ins: the middle parts in order, no overlap.
test_middle_parts_in_order if {
	lib.iam_like("a*b*c", "abc")
	lib.iam_like("a*b*c", "a-x-b-y-c")
	not lib.iam_like("a*c*b", "a-b-c")
	not lib.iam_like("a*bb*c", "abc")
	lib.iam_like("arn:aws:s3:::*/*/*.json", "arn:aws:s3:::my.bucket/a/b/c.json")
	not lib.iam_like("arn:aws:s3:::*/*/*.json", "arn:aws:s3:::my.bucket/c.json")
	lib.iam_like("**", "")
	lib.iam_like("a*b*c*d*e*f", "a1b2c3d4e5f")
	not lib.iam_like("a*b*c*d*e*f", "a1b2c3d4f5e")

	# Past five "*", glob.match (with "." not a delimiter).
	lib.iam_like("a*b*c*d*e*f*g", "a.b.c.d.e.f.g")
}

# The middle parts sit between prefix and suffix: they may not reuse the suffix's characters.
test_middle_part_does_not_overlap_the_suffix if {
	not lib.iam_like("a*b*b", "ab")
	lib.iam_like("a*b*b", "abb")
	lib.iam_like("a*b*b", "abxb")
	not lib.iam_like("a*bc*cd", "abcd")
}
