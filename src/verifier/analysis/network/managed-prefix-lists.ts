// The AWS-managed prefix lists of the gateway-endpoint services. AWS publishes one per region and service, with a
// fixed id; CloudFormation gives AWS::EC2::VPCEndpoint no attribute for it, so templates name the id as a literal
// (usually from a Mapping). Knowing the ids lets the network proof tie such a security-group rule to the gateway
// endpoint of the same service. Only ids we can vouch for are listed; any other literal stays unknown.
//
// Source: `aws ec2 describe-prefix-lists --region us-east-1` (com.amazonaws.us-east-1.s3 and
// com.amazonaws.us-east-1.dynamodb), as shown in the Amazon VPC gateway-endpoint documentation.

const MANAGED_PREFIX_LISTS: Readonly<Record<string, string>> = {
  'pl-63a5400a': 'com.amazonaws.us-east-1.s3',
  'pl-02cd2c6b': 'com.amazonaws.us-east-1.dynamodb',
};

/** The service name (`com.amazonaws.us-east-1.s3`) of an AWS-managed prefix list id, when we know it. */
export function managedPrefixListService(id: string): string | undefined {
  return MANAGED_PREFIX_LISTS[id];
}
