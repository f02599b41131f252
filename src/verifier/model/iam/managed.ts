// AWS managed policies whose documents we carry, so a role that attaches them is analysed rather than unknown.
// Documents as published in the AWS Managed Policy Reference (default versions); any other AWS managed policy is
// unknown to the verifier (it may allow anything; AWS managed policies are assumed not to deny).
export const AWS_MANAGED_POLICIES: Record<string, { version: string; document: { Version: string; Statement: Record<string, unknown>[] } }> = {
  'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole': {
    version: 'v1',
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }] },
  },
  'arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole': {
    version: 'v3',
    document: {
      Version: '2012-10-17',
      Statement: [{
        Sid: 'AWSLambdaVPCAccessExecutionPermissions',
        Effect: 'Allow',
        Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
        Resource: '*',
      }],
    },
  },
  'arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole': {
    version: 'v1',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'EnableCreationAndManagementOfRDSCloudwatchLogGroups', Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:PutRetentionPolicy'], Resource: ['arn:aws:logs:*:*:log-group:RDS*'] },
        { Sid: 'EnableCreationAndManagementOfRDSCloudwatchLogStreams', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams', 'logs:GetLogEvents'], Resource: ['arn:aws:logs:*:*:log-group:RDS*:log-stream:*'] },
      ],
    },
  },
  'arn:aws:iam::aws:policy/AdministratorAccess': {
    version: 'v1',
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  },
};

/** The managed policy's name from its ARN (`AWSLambdaBasicExecutionRole`). */
export function managedPolicyName(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

export function isAwsManagedArn(arn: string): boolean {
  return /^arn:aws[a-z-]*:iam::aws:policy\//.test(arn);
}
