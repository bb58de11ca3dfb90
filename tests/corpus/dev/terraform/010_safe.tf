resource "aws_db_instance" "billing" {
  identifier                          = "billing-prod"
  engine                              = "postgres"
  engine_version                      = "16.3"
  instance_class                      = "db.t4g.large"
  allocated_storage                   = 80
  db_name                             = "billing"
  username                            = "billing_admin"
  manage_master_user_password         = true
  storage_encrypted                   = true
  publicly_accessible                 = false
  db_subnet_group_name                = var.db_subnet_group
  vpc_security_group_ids              = [var.db_security_group_id]
  iam_database_authentication_enabled = true
  backup_retention_period             = 14
  deletion_protection                 = true
  final_snapshot_identifier           = "billing-prod-final"
}
