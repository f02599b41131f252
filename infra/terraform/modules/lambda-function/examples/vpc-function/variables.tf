variable "region" {
  description = "AWS region of the example."
  type        = string
  default     = "us-east-1"
}

variable "bundle_dir" {
  description = "Built bundle to deploy (run `npm run build` first). Defaults to the validator bundle of this repository."
  type        = string
  default     = null
}
