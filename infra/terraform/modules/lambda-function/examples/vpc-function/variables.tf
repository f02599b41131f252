variable "region" {
  description = "AWS region of the example."
  type        = string
  default     = "us-east-1"
}

variable "package_file" {
  description = "Deployment package to deploy (run `npm run build` first). Defaults to the validator package of this repository."
  type        = string
  default     = null
}
