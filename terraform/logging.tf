# Container stdout (JSON lines from pino) lands here through Fluent Bit (terraform/k8s).
resource "aws_cloudwatch_log_group" "containers" {
  name              = "/${var.project}/${var.environment}/containers"
  retention_in_days = var.log_retention_days
}

resource "aws_iam_policy" "fluent_bit_logs" {
  name        = "${local.name}-fluent-bit-logs"
  description = "Fluent Bit may write container logs to its one log group."
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
      Resource = [
        aws_cloudwatch_log_group.containers.arn,
        "${aws_cloudwatch_log_group.containers.arn}:*",
      ]
    }]
  })
}
