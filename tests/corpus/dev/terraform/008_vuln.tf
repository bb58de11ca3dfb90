resource "aws_db_instance" "crm" {
  identifier                          = "crm-prod"
  engine                              = "mysql"
  engine_version                      = "8.0.36"
  instance_class                      = "db.t4g.medium"
  allocated_storage                   = 50
  db_name                             = "crm"
  username                            = "crm_admin"
  manage_master_user_password         = true
  storage_encrypted                   = true
  publicly_accessible                 = true
  db_subnet_group_name                = var.db_subnet_group
  vpc_security_group_ids              = [var.db_security_group_id]
  iam_database_authentication_enabled = true
  backup_retention_period             = 7
  deletion_protection                 = true
  final_snapshot_identifier           = "crm-prod-final"
}
