# Spec 004 "lib/provider.tf": Terraform and provider constraints, and the AWS provider with the mandatory tags.

terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.88.0, < 6.0.0"
    }
  }
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = {
      Environment        = var.environment
      DataClassification = "FinancialData"
      Compliance         = "PCI-DSS"
      Owner              = "SecurityTeam"
      ManagedBy          = "Terraform"
    }
  }
}
