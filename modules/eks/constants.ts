// Values the environments validate against, kept apart from the constructs so that loading an
// environment does not load the AWS provider.

/**
 * An IAM role ARN, with or without a path: `arn:aws:iam::111122223333:role/deploy` or
 * `arn:aws:iam::111122223333:role/ci/deploy`. Access entries take the role ARN (paths allowed),
 * never an assumed-role session ARN (`arn:aws:sts::...:assumed-role/...`).
 */
export const IAM_ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
