/** Port PostgreSQL clients connect to; the client security group (`clientSecurityGroup` in core) opens it. */
export const POSTGRES_PORT = 5432;
