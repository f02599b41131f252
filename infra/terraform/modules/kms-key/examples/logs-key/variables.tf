variable "region" {
  description = "AWS region of the example."
  type        = string
  default     = "us-east-1"
}
