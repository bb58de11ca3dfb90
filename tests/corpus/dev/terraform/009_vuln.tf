terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
  }
}

provider "aws" {
  region     = "eu-central-1"
  access_key = "AKIAQ3EGT7WZ5NXRHL2K"
  secret_key = "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"
}

resource "aws_sns_topic" "alerts" {
  name              = "ops-alerts"
  kms_master_key_id = "alias/aws/sns"
}
