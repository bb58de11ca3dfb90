resource "aws_efs_file_system" "uploads" {
  creation_token   = "media-uploads"
  performance_mode = "generalPurpose"
  encrypted        = true

  lifecycle_policy {
    transition_to_ia = "AFTER_30_DAYS"
  }

  tags = {
    Name = "media-uploads"
  }
}

resource "aws_efs_mount_target" "uploads" {
  for_each        = toset(var.private_subnet_ids)
  file_system_id  = aws_efs_file_system.uploads.id
  subnet_id       = each.value
  security_groups = [var.efs_security_group_id]
}
