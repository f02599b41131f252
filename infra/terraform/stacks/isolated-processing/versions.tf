terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
    archive = {
      source  = "hashicorp/archive"
      version = "~> 2.4"
    }
    # The spec lists the random provider; nothing here needs a random value (names are deterministic and the
    # stack holds no password), so it is declared but unused.
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
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

provider "archive" {}

provider "random" {}
