variable "vpc_id" {
  type = string
}

variable "vpn_cidr" {
  type    = string
  default = "10.20.0.0/16"
}

resource "aws_security_group" "bastion" {
  name        = "bastion"
  description = "SSH access to the bastion host"
  vpc_id      = var.vpc_id

  ingress {
    description = "SSH"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
