output "cluster_name" {
  description = "EKS cluster (aws eks update-kubeconfig --name ...)."
  value       = module.eks.cluster_name
}

output "cluster_endpoint" {
  value = module.eks.cluster_endpoint
}

output "namespace" {
  description = "Kubernetes namespace of this environment (k8s/overlays/<namespace>)."
  value       = local.namespace
}

output "vpc_id" {
  value = module.vpc.vpc_id
}

output "aurora_endpoint" {
  description = "Writer endpoint; must match the ALLOW_ADDR_REGEX of wsproxy in k8s/overlays/live-tv-prod."
  value       = local.managed_data ? aws_rds_cluster.main[0].endpoint : null
}

output "aurora_reader_endpoint" {
  value = local.managed_data ? aws_rds_cluster.main[0].reader_endpoint : null
}

output "aurora_engine_version_actual" {
  description = "The Aurora PostgreSQL version running now (AWS applies minor upgrades; only the major is pinned)."
  value       = local.managed_data ? aws_rds_cluster.main[0].engine_version_actual : null
}

output "hls_bucket" {
  value = aws_s3_bucket.hls.bucket
}

output "cloudfront_domain" {
  value = aws_cloudfront_distribution.hls.domain_name
}

output "cloudfront_distribution_id" {
  value = aws_cloudfront_distribution.hls.id
}

output "cloudfront_public_key_ids" {
  description = "Key-Pair-Id per key name, for the Worker's CLOUDFRONT_KEY_PAIR_ID."
  value       = { for name, key in aws_cloudfront_public_key.playback : name => key.id }
}

output "mediapackage_hls_paths" {
  description = "hlsPath to set on each MediaPackage channel in the catalogue (admin API): the edge plays ${CDN_BASE_URL}${hlsPath}/master.m3u8[?start=&end=]."
  value = {
    for slug, endpoint in awscc_mediapackagev2_origin_endpoint.hls :
    slug => "/out/v1/${endpoint.channel_group_name}/${endpoint.channel_name}/${endpoint.origin_endpoint_name}"
  }
}

output "mediapackage_ingest_endpoints" {
  description = "Per channel, the two HLS ingest URLs the encoder pushes to (SigV4-authenticated)."
  value       = { for slug, channel in awscc_mediapackagev2_channel.live : slug => [for endpoint in channel.ingest_endpoints : endpoint.url] }
}

output "cloudflare_dns_token_secret_arn" {
  description = "Write the Cloudflare DNS token for cert-manager here (docs/operations.md, first deploy)."
  value       = aws_secretsmanager_secret.cloudflare_dns_token.arn
}

output "origin_secret_arn" {
  value = aws_secretsmanager_secret.origin.arn
}

output "jwt_private_keys_secret_arn" {
  value = aws_secretsmanager_secret.jwt_private_keys.arn
}

output "github_deploy_role_arn" {
  description = "Set as AWS_DEPLOY_ROLE_ARN on the GitHub environment that deploys here."
  value       = aws_iam_role.github_deploy.arn
}

output "ingress_hostname" {
  value = module.cluster_addons.ingress_hostname
}

output "worker_script_name" {
  value = cloudflare_workers_script.edge.name
}
