/** Port Redis clients connect to; the client security group (`clientSecurityGroup` in core) opens it. */
export const REDIS_PORT = 6379;
