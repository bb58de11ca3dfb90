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
  region = "eu-central-1"
}

resource "aws_sns_topic" "alerts" {
  name              = "ops-alerts"
  kms_master_key_id = "alias/aws/sns"
}
