# Three private subnets, one per availability zone, sharing one route table; nothing reaches the internet.

# Pinned zone names: the set of subnets must not change when AWS adds a zone.
data "aws_availability_zones" "available" {
  state = "available"

  filter {
    name   = "zone-name"
    values = ["${var.region}a", "${var.region}b", "${var.region}c"]
  }
}

module "network" {
  source = "../../"

  name       = "vpc-example"
  cidr_block = "10.20.0.0/16"
  private_subnets = [
    for i in range(3) : {
      name              = "private-${i + 1}"
      cidr_block        = cidrsubnet("10.20.0.0/16", 8, i + 1)
      availability_zone = data.aws_availability_zones.available.names[i]
    }
  ]
}
