terraform {
  required_version = ">= 1.5"

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
      DataClassification = var.data_classification
      Environment        = var.environment
      Owner              = var.owner
      Stack              = "isolated-processing"
      ManagedBy          = "terraform"
    }
  }
}
