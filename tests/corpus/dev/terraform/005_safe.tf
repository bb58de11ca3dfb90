resource "aws_kms_key" "data" {
  description         = "Key for the analytics data volumes"
  enable_key_rotation = true
}

resource "aws_ebs_volume" "analytics" {
  availability_zone = "eu-west-1a"
  size              = 500
  type              = "gp3"
  encrypted         = true
  kms_key_id        = aws_kms_key.data.arn

  tags = {
    Name = "analytics-data"
  }
}

resource "aws_volume_attachment" "analytics" {
  device_name = "/dev/sdf"
  volume_id   = aws_ebs_volume.analytics.id
  instance_id = var.analytics_instance_id
}
