# Spec 004 "lib/provider.tf": Terraform and provider constraints, and the AWS provider with the mandatory tags.

terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
    archive = {
      source  = "hashicorp/archive"
      version = "~> 2.4"
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
