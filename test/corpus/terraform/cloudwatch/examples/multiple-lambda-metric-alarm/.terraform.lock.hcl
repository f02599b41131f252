# Written by test/corpus/oracle.ts: terraform init could not run offline here; pins what it would have.
provider "registry.terraform.io/hashicorp/aws" {
  version     = "5.100.0"
}
