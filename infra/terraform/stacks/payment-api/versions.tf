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

  # The spec's mandatory tags (Environment, DataClassification, Owner) on every taggable resource.
  default_tags {
    tags = {
      Environment        = var.environment_suffix
      DataClassification = var.data_classification
      Owner              = var.owner
      Stack              = "payment-api"
      ManagedBy          = "terraform"
    }
  }
}
