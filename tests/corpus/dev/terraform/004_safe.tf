variable "vpc_id" {
  type = string
}

variable "app_security_group_id" {
  type = string
}

resource "aws_security_group" "postgres" {
  name        = "orders-postgres"
  description = "PostgreSQL for the orders service"
  vpc_id      = var.vpc_id

  ingress {
    description = "PostgreSQL from the app tier"
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    security_groups = [var.app_security_group_id]
  }
}
