import { describe, expect, it } from "vitest";
import { analyseModule } from "./terraform-check.ts";

const good = {
  name: "main.tf",
  text: `
variable "region" {
  type    = string
  default = "eu-central-1"
}

variable "db_password" {
  type      = string
  sensitive = true
}

locals {
  bucket = "hls-\${var.region}"
}

data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "hls" {
  bucket = "\${local.bucket}-\${data.aws_caller_identity.current.account_id}"
}

resource "aws_rds_cluster" "main" {
  count           = 1
  master_password = var.db_password
  tags            = { bucket = aws_s3_bucket.hls.arn }
}

module "addons" {
  source    = "./k8s"
  namespace = "live-tv-prod"
}

output "endpoint" {
  value = aws_rds_cluster.main[0].endpoint
}

output "ingress" {
  value = module.addons.ingress_hostname
}
`,
};

const child = {
  "./k8s": [
    {
      name: "k8s/variables.tf",
      text: `
variable "namespace" {
  type = string
}

output "ingress_hostname" {
  value = "lb.example"
}
`,
    },
  ],
};

describe("terraform check", () => {
  it("passes a module whose references all resolve", async () => {
    expect(await analyseModule([good], child)).toEqual([]);
  });

  it("fails on an undeclared variable", async () => {
    const bad = { name: "bad.tf", text: `resource "aws_s3_bucket" "x" {\n  bucket = var.bucket_name\n}\n` };
    const problems = await analyseModule([good, bad], child);
    expect(problems).toEqual([expect.stringMatching(/bad\.tf:2: var\.bucket_name is used but no variable/)]);
  });

  it("fails on a reference to a resource, data source or local that does not exist", async () => {
    const bad = {
      name: "bad.tf",
      text: `output "a" {\n  value = aws_cloudfront_distribution.hls.arn\n}\noutput "b" {\n  value = data.aws_vpc.main.id\n}\noutput "c" {\n  value = local.nope\n}\n`,
    };
    const problems = await analyseModule([good, bad], child);
    expect(problems).toContainEqual(
      expect.stringMatching(/resource aws_cloudfront_distribution\.hls is referenced/),
    );
    expect(problems).toContainEqual(expect.stringMatching(/data\.aws_vpc\.main is referenced/));
    expect(problems).toContainEqual(expect.stringMatching(/local\.nope is not defined/));
  });

  it("fails on a hard-coded password", async () => {
    const bad = {
      name: "bad.tf",
      text: `resource "aws_rds_cluster" "other" {\n  master_password = "hunter2-but-longer"\n}\n`,
    };
    const problems = await analyseModule([good, bad], child);
    expect(problems).toEqual([
      expect.stringMatching(/bad\.tf:2: hard-coded secret\? literal value for .*master_password/),
    ]);
  });

  it("fails on private keys, AWS keys and secret variables with defaults", async () => {
    const bad = {
      name: "bad.tf",
      text: [
        `variable "api_token" {`,
        `  type    = string`,
        `  default = "abc"`,
        `}`,
        `locals {`,
        `  key = "AKIAABCDEFGHIJKLMNOP"`,
        `  pem = <<EOT`,
        `-----BEGIN PRIVATE KEY-----`,
        `EOT`,
        `}`,
      ].join("\n"),
    };
    const problems = await analyseModule([bad]);
    expect(problems).toContainEqual(expect.stringMatching(/"api_token" looks secret but is not sensitive/));
    expect(problems).toContainEqual(
      expect.stringMatching(/"api_token" looks secret but has a literal default/),
    );
    expect(problems).toContainEqual(expect.stringMatching(/bad\.tf:6: .*AWS access key id/));
    expect(problems).toContainEqual(expect.stringMatching(/bad\.tf:8: .*private key block/));
  });

  it("checks the inputs and outputs of local child modules", async () => {
    const bad = {
      name: "bad.tf",
      text: `module "more" {\n  source = "./k8s"\n  colour = "blue"\n}\noutput "x" {\n  value = module.more.missing\n}\n`,
    };
    const problems = await analyseModule([bad], child);
    expect(problems).toContainEqual(expect.stringMatching(/input "colour" is not a variable of \.\/k8s/));
    expect(problems).toContainEqual(
      expect.stringMatching(/required input "namespace" of \.\/k8s is not set/),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(/module\.more\.missing: \.\/k8s has no output "missing"/),
    );
  });

  it("fails on a file that does not parse", async () => {
    const problems = await analyseModule([{ name: "broken.tf", text: `resource "aws_s3_bucket" "x" {\n` }]);
    expect(problems).toEqual([expect.stringMatching(/broken\.tf: does not parse/)]);
  });
});
