"""Terraform rules: vulnerable resources flagged on the attribute's line, safe look-alikes
not flagged, unparsable HCL reported."""

from __future__ import annotations

from textwrap import dedent

import pytest

from app.core.findings import Confidence, Finding, Severity
from app.core.sources import source_from_text
from app.scan.rules import terraform
from app.scan.rules.common import RuleParseError

BUCKET = "airlock.tf.public-bucket"
SG = "airlock.tf.open-security-group"
ENCRYPTION = "airlock.tf.unencrypted-storage"
DATABASE = "airlock.tf.public-database"
CREDENTIALS = "airlock.tf.hardcoded-credentials"
POLICY = "airlock.tf.public-policy"


def _findings(text: str, rule_id: str) -> list[Finding]:
    result = terraform.check(source_from_text("main.tf", dedent(text).lstrip("\n")))
    return [f for f in result.findings if f.rule_id == rule_id]


def _lines(text: str, rule_id: str) -> list[int | None]:
    return [finding.start_line for finding in _findings(text, rule_id)]


def test_public_read_acl_is_flagged_on_the_acl_line() -> None:
    text = """
        resource "aws_s3_bucket" "site" {
          bucket = "my-site"
          acl    = "public-read"
        }
    """
    findings = _findings(text, BUCKET)
    assert [f.start_line for f in findings] == [3]
    assert findings[0].cwe == (732, 284)
    assert findings[0].snippet.strip() == 'acl    = "public-read"'


def test_private_bucket_is_not_flagged() -> None:
    text = """
        resource "aws_s3_bucket" "data" {
          bucket = "my-data"
          acl    = "private"
        }
        resource "aws_s3_bucket_public_access_block" "data" {
          bucket                  = aws_s3_bucket.data.id
          block_public_acls       = true
          block_public_policy     = true
          ignore_public_acls      = true
          restrict_public_buckets = true
        }
    """
    assert _lines(text, BUCKET) == []


def test_bucket_acl_resource_public_access_block_and_gcs_members_are_flagged() -> None:
    text = """
        resource "aws_s3_bucket_acl" "a" {
          bucket = aws_s3_bucket.a.id
          acl    = "public-read-write"
        }
        resource "aws_s3_bucket_public_access_block" "a" {
          bucket            = aws_s3_bucket.a.id
          block_public_acls = false
        }
        resource "google_storage_bucket_iam_member" "viewer" {
          bucket = google_storage_bucket.b.name
          role   = "roles/storage.objectViewer"
          member = "allUsers"
        }
        resource "azurerm_storage_container" "c" {
          name                  = "c"
          container_access_type = "blob"
        }
    """
    assert _lines(text, BUCKET) == [3, 7, 12, 16]


def test_ssh_open_to_the_world_is_flagged_high_on_the_cidr_line() -> None:
    text = """
        resource "aws_security_group" "ssh" {
          name = "ssh"
          ingress {
            from_port   = 22
            to_port     = 22
            protocol    = "tcp"
            cidr_blocks = ["0.0.0.0/0"]
          }
        }
    """
    findings = _findings(text, SG)
    assert [(f.start_line, f.severity) for f in findings] == [(7, Severity.HIGH)]
    assert "port 22" in findings[0].message


def test_internal_range_and_public_https_are_not_flagged() -> None:
    text = """
        resource "aws_security_group" "app" {
          ingress {
            from_port   = 5432
            to_port     = 5432
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/8"]
          }
          ingress {
            from_port   = 443
            to_port     = 443
            protocol    = "tcp"
            cidr_blocks = ["0.0.0.0/0"]
          }
        }
    """
    assert _lines(text, SG) == []


def test_all_protocols_rule_and_separate_rule_resources_are_flagged() -> None:
    text = """
        resource "aws_security_group_rule" "all" {
          type        = "ingress"
          from_port   = 0
          to_port     = 0
          protocol    = "-1"
          cidr_blocks = ["0.0.0.0/0"]
        }
        resource "aws_security_group_rule" "egress" {
          type        = "egress"
          from_port   = 0
          to_port     = 0
          protocol    = "-1"
          cidr_blocks = ["0.0.0.0/0"]
        }
        resource "aws_vpc_security_group_ingress_rule" "app" {
          cidr_ipv6   = "::/0"
          from_port   = 8080
          to_port     = 8080
          ip_protocol = "tcp"
        }
    """
    findings = _findings(text, SG)
    assert [(f.start_line, f.severity) for f in findings] == [
        (6, Severity.HIGH),
        (16, Severity.MEDIUM),
    ]


def test_gcp_firewall_and_azure_rules_open_to_the_internet_are_flagged() -> None:
    text = """
        resource "google_compute_firewall" "rdp" {
          name          = "rdp"
          network       = "default"
          source_ranges = ["0.0.0.0/0"]
          allow {
            protocol = "tcp"
            ports    = ["3389"]
          }
        }
        resource "azurerm_network_security_rule" "ssh" {
          name                   = "ssh"
          direction              = "Inbound"
          access                 = "Allow"
          protocol               = "Tcp"
          destination_port_range = "22"
          source_address_prefix  = "*"
        }
        resource "azurerm_network_security_rule" "web" {
          direction              = "Inbound"
          access                 = "Allow"
          destination_port_range = "443"
          source_address_prefix  = "Internet"
        }
    """
    assert _lines(text, SG) == [4, 16]


def test_unencrypted_volume_and_database_are_flagged() -> None:
    text = """
        resource "aws_ebs_volume" "plain" {
          availability_zone = "eu-west-1a"
          size              = 10
        }
        resource "aws_db_instance" "db" {
          engine            = "postgres"
          storage_encrypted = false
        }
    """
    findings = _findings(text, ENCRYPTION)
    assert [(f.start_line, f.confidence) for f in findings] == [
        (1, Confidence.MEDIUM),
        (7, Confidence.HIGH),
    ]
    assert findings[0].cwe == (311,)


def test_encrypted_storage_and_unknown_values_are_not_flagged() -> None:
    text = """
        resource "aws_ebs_volume" "enc" {
          availability_zone = "eu-west-1a"
          encrypted         = true
        }
        resource "aws_db_instance" "db" {
          storage_encrypted = var.encrypt
        }
        resource "aws_db_instance" "replica" {
          replicate_source_db = aws_db_instance.db.identifier
        }
        resource "aws_instance" "web" {
          root_block_device {
            encrypted = true
          }
        }
    """
    assert _lines(text, ENCRYPTION) == []


def test_block_device_with_encryption_off_is_flagged_on_its_line() -> None:
    text = """
        resource "aws_instance" "web" {
          ami = "ami-123"
          root_block_device {
            volume_size = 20
            encrypted   = false
          }
        }
    """
    assert _lines(text, ENCRYPTION) == [5]


def test_publicly_accessible_database_is_flagged_and_private_one_is_not() -> None:
    text = """
        resource "aws_db_instance" "public" {
          storage_encrypted   = true
          publicly_accessible = true
        }
        resource "aws_db_instance" "private" {
          storage_encrypted   = true
          publicly_accessible = false
        }
    """
    findings = _findings(text, DATABASE)
    assert [f.start_line for f in findings] == [3]
    assert findings[0].severity is Severity.HIGH


def test_cloud_sql_open_network_and_azure_allow_all_firewall_are_flagged() -> None:
    text = """
        resource "google_sql_database_instance" "main" {
          settings {
            ip_configuration {
              authorized_networks {
                name  = "office"
                value = "203.0.113.0/24"
              }
              authorized_networks {
                name  = "anyone"
                value = "0.0.0.0/0"
              }
            }
          }
        }
        resource "azurerm_mssql_firewall_rule" "all" {
          start_ip_address = "0.0.0.0"
          end_ip_address   = "255.255.255.255"
        }
        resource "azurerm_mssql_firewall_rule" "azure_services" {
          start_ip_address = "0.0.0.0"
          end_ip_address   = "0.0.0.0"
        }
    """
    assert _lines(text, DATABASE) == [10, 16]


def test_hard_coded_credentials_are_flagged_and_masked() -> None:
    text = """
        provider "aws" {
          region     = "eu-west-1"
          access_key = "AKIAIOSFODNN7EXAMPLE"
          secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
        }
        resource "aws_db_instance" "db" {
          storage_encrypted = true
          password          = "correct-horse-battery"
        }
        variable "api_token" {
          type    = string
          default = "tok_live_123456789"
        }
    """
    findings = _findings(text, CREDENTIALS)
    assert [f.start_line for f in findings] == [3, 4, 8, 12]
    for finding, secret in zip(
        findings,
        ["AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI", "correct-horse-battery", "tok_live_123456789"],
        strict=True,
    ):
        assert secret not in finding.snippet + finding.message
        assert "****" in finding.snippet


def test_credentials_from_variables_secret_stores_and_descriptive_names_are_not_flagged() -> None:
    text = """
        resource "aws_db_instance" "db" {
          storage_encrypted           = true
          password                    = var.db_password
          manage_master_user_password = true
        }
        resource "random_password" "db" {
          length = 24
        }
        data "aws_secretsmanager_secret_version" "db" {
          secret_id = "prod/db"
        }
        resource "aws_iam_user_login_profile" "u" {
          password_length = 20
          pgp_key         = "keybase:someone"
        }
        variable "db_password" {
          type      = string
          sensitive = true
        }
        resource "aws_db_instance" "interpolated" {
          storage_encrypted = true
          password          = "${random_password.db.result}"
        }
    """
    assert _lines(text, CREDENTIALS) == []


def test_invalid_hcl_raises_a_parse_error_with_the_line() -> None:
    text = 'resource "aws_s3_bucket" "b" {\n  acl = \n}\n'
    with pytest.raises(RuleParseError) as caught:
        terraform.check(source_from_text("main.tf", text))
    assert caught.value.line == 2


def test_request_tokens_named_token_are_not_credentials() -> None:
    text = dedent(
        """
        resource "aws_efs_file_system" "uploads" {
          creation_token = "media-uploads"
        }
        resource "aws_db_instance" "main" {
          password = "literal-Passw0rd"
        }
        """
    )
    assert _lines(text, "airlock.tf.hardcoded-credentials") == [5]  # the password only


def _policy_document(principals: str, extra: str = "") -> str:
    """A data "aws_iam_policy_document" whose one statement has these principals."""
    return f"""
        data "aws_iam_policy_document" "read" {{
          statement {{
            sid       = "Read"
            actions   = ["s3:GetObject"]
            resources = ["${{aws_s3_bucket.docs.arn}}/*"]
            principals {{
              {principals}
            }}
            {extra}
          }}
        }}
        resource "aws_s3_bucket_policy" "docs" {{
          bucket = aws_s3_bucket.docs.id
          policy = data.aws_iam_policy_document.read.json
        }}
    """


def test_policy_document_granting_everyone_is_flagged_on_the_identifiers_line() -> None:
    text = _policy_document('type = "*"\n              identifiers = ["*"]')
    findings = _findings(text, POLICY)
    assert [f.start_line for f in findings] == [8]
    assert findings[0].severity is Severity.HIGH
    assert findings[0].cwe == (732, 284)
    assert findings[0].snippet.strip() == 'identifiers = ["*"]'
    assert "data.aws_iam_policy_document.read" in findings[0].message
    assert '"Read"' in findings[0].message and "s3:GetObject" in findings[0].message


def test_policy_document_with_aws_star_principal_and_explicit_allow_is_flagged() -> None:
    text = _policy_document('type = "AWS"\n              identifiers = ["*"]', 'effect = "Allow"')
    assert _lines(text, POLICY) == [8]


def test_service_principal_restricted_by_source_arn_is_not_flagged() -> None:
    condition = """condition {
              test     = "StringEquals"
              variable = "AWS:SourceArn"
              values   = [var.cloudfront_distribution_arn]
            }"""
    service = 'type = "Service"\n              identifiers = ["cloudfront.amazonaws.com"]'
    wildcard = 'type = "*"\n              identifiers = ["*"]'
    assert _lines(_policy_document(service, condition), POLICY) == []
    assert _lines(_policy_document(wildcard, condition), POLICY) == []


def test_deny_statements_and_named_accounts_are_not_flagged() -> None:
    wildcard = 'type = "*"\n              identifiers = ["*"]'
    account = 'type = "AWS"\n              identifiers = ["arn:aws:iam::123456789012:root"]'
    assert _lines(_policy_document(wildcard, 'effect = "Deny"'), POLICY) == []
    assert _lines(_policy_document(wildcard, "effect = var.effect"), POLICY) == []
    assert _lines(_policy_document(account), POLICY) == []


@pytest.mark.parametrize(
    "condition",
    [
        'test = "Bool"\n variable = "aws:SecureTransport"\n values = ["true"]',
        'test = "StringLike"\n variable = "aws:Referer"\n values = ["https://x.example/*"]',
        'test = "StringNotEquals"\n variable = "aws:PrincipalOrgID"\n values = ["o-abc"]',
        'test = "StringEqualsIfExists"\n variable = "aws:SourceArn"\n values = ["arn:x"]',
        'test = "StringLike"\n variable = "aws:PrincipalArn"\n values = ["*"]',
    ],
)
def test_conditions_that_do_not_pin_the_caller_do_not_excuse_a_wildcard(condition: str) -> None:
    text = _policy_document(
        'type = "*"\n              identifiers = ["*"]', f"condition {{\n{condition}\n}}"
    )
    assert _lines(text, POLICY) == [8]


def test_jsonencode_bucket_policy_is_flagged_on_the_principal_line_of_each_open_statement() -> None:
    text = """
        resource "aws_s3_bucket_policy" "site" {
          bucket = aws_s3_bucket.site.id
          policy = jsonencode({
            Version = "2012-10-17"
            Statement = [{
              Sid       = "OrgOnly"
              Effect    = "Allow"
              Principal = { AWS = "*" }
              Action    = "s3:GetObject"
              Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abc123" } }
            }, {
              Sid       = "PublicRead"
              Effect    = "Allow"
              Principal = "*"
              Action    = ["s3:GetObject", "s3:ListBucket"]
              Resource  = "${aws_s3_bucket.site.arn}/*"
            }]
          })
        }
    """
    findings = _findings(text, POLICY)
    assert [f.start_line for f in findings] == [14]
    assert findings[0].snippet.strip() == 'Principal = "*"'
    assert "aws_s3_bucket_policy.site `policy`" in findings[0].message
    assert '"PublicRead"' in findings[0].message


def test_heredoc_json_queue_policy_with_aws_star_list_is_flagged_and_deny_is_not() -> None:
    text = """
        resource "aws_sqs_queue_policy" "jobs" {
          queue_url = aws_sqs_queue.jobs.id
          policy    = <<EOF
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Effect": "Deny", "Principal": "*", "Action": "sqs:*",
             "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
            {"Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": "sqs:SendMessage",
             "Resource": "${aws_sqs_queue.jobs.arn}"}
          ]
        }
        EOF
        }
    """
    findings = _findings(text, POLICY)
    assert [f.start_line for f in findings] == [9]
    assert "sqs:SendMessage" in findings[0].message


def test_role_trust_policy_open_to_every_account_is_flagged() -> None:
    text = """
        resource "aws_iam_role" "deploy" {
          name = "deploy"
          assume_role_policy = jsonencode({
            Version = "2012-10-17"
            Statement = {
              Effect    = "Allow"
              Action    = "sts:AssumeRole"
              Principal = { AWS = "*" }
            }
          })
        }
    """
    findings = _findings(text, POLICY)
    assert [f.start_line for f in findings] == [8]
    assert "`assume_role_policy`" in findings[0].message


def test_inline_policies_restricted_or_named_or_unknown_are_not_flagged() -> None:
    text = """
        resource "aws_sns_topic_policy" "events" {
          arn = aws_sns_topic.events.arn
          policy = jsonencode({
            Statement = [{
              Effect    = "Allow"
              Principal = { Service = "events.amazonaws.com" }
              Action    = "sns:Publish"
            }, {
              Effect    = "Allow"
              Principal = "*"
              Action    = "sns:Publish"
              Condition = { ArnEquals = { "aws:SourceArn" = aws_cloudwatch_event_rule.x.arn } }
            }, {
              Effect    = "Allow"
              Principal = { AWS = var.reader_arns }
              Action    = "sns:Subscribe"
            }]
          })
        }
        resource "aws_iam_role" "app" {
          name               = "app"
          assume_role_policy = data.aws_iam_policy_document.assume.json
        }
        resource "aws_sqs_queue_policy" "templated" {
          queue_url = aws_sqs_queue.q.id
          policy    = templatefile("${path.module}/policy.json", { principal = "*" })
        }
    """
    assert _lines(text, POLICY) == []
