/** Trust policy of a Lambda function's execution role. */
export const LAMBDA_TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/** The AWS managed policy a function in a VPC needs: its network interfaces and CloudWatch Logs. */
export function lambdaVpcAccessPolicyArn(partition: string): string {
  return `arn:${partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole`;
}
