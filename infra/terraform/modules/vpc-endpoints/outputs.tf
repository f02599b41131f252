output "gateway_endpoint_ids" {
  description = "Gateway endpoint IDs keyed by service short name."
  value       = { for k, e in aws_vpc_endpoint.gateway : k => e.id }
}

output "gateway_prefix_list_ids" {
  description = "Prefix-list IDs of the gateway endpoints keyed by service short name; security-group egress must allow them or the gateway endpoints are unreachable."
  value       = { for k, e in aws_vpc_endpoint.gateway : k => e.prefix_list_id }
}

output "interface_endpoint_ids" {
  description = "Interface endpoint IDs keyed by service short name."
  value       = { for k, e in aws_vpc_endpoint.interface : k => e.id }
}

output "interface_endpoint_dns_names" {
  description = "First DNS entry of each interface endpoint keyed by service short name."
  value       = { for k, e in aws_vpc_endpoint.interface : k => try(e.dns_entry[0].dns_name, null) }
}

output "endpoint_ids" {
  description = "Every endpoint ID (gateway and interface) keyed by service short name."
  value       = merge({ for k, e in aws_vpc_endpoint.gateway : k => e.id }, { for k, e in aws_vpc_endpoint.interface : k => e.id })
}

output "security_group_id" {
  description = "ID of the interface endpoints' security group (null when no interface endpoint is created)."
  value       = try(aws_security_group.endpoints[0].id, null)
}
