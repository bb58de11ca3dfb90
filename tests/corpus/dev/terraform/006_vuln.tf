resource "aws_kms_key" "rds" {
  description         = "RDS storage key"
  enable_key_rotation = true
}

resource "aws_db_instance" "patients" {
  identifier                          = "patients-prod"
  engine                              = "postgres"
  engine_version                      = "16.3"
  instance_class                      = "db.m6g.large"
  allocated_storage                   = 100
  db_name                             = "patients"
  username                            = "patients_admin"
  manage_master_user_password         = true
  storage_encrypted                   = false
  publicly_accessible                 = false
  db_subnet_group_name                = var.private_subnet_group
  vpc_security_group_ids              = [var.db_security_group_id]
  iam_database_authentication_enabled = true
  backup_retention_period             = 14
  deletion_protection                 = true
  final_snapshot_identifier           = "patients-prod-final"
}
