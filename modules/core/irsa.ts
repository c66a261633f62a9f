/**
 * Trust policy of an IAM role for a Kubernetes service account (IRSA): the cluster's OIDC provider
 * may assume it for exactly `system:serviceaccount:<namespace>:<serviceAccount>`, with the STS
 * audience. `oidcIssuerUrl` is the issuer without its scheme (as in the provider's condition keys).
 */
export function irsaTrustPolicy(oidcProviderArn: string, oidcIssuerUrl: string, namespace: string, serviceAccount: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: oidcProviderArn },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${oidcIssuerUrl}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
            [`${oidcIssuerUrl}:aud`]: 'sts.amazonaws.com',
          },
        },
      },
    ],
  });
}
