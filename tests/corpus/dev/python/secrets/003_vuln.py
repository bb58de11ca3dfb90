import boto3

BUCKET = "acme-invoices-prod"


def s3_client():
    return boto3.client(
        "s3",
        region_name="eu-central-1",
        aws_access_key_id="AKIAZ4N7Q2XWLM3RPT6E",
        aws_secret_access_key="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",
    )


def upload_invoice(invoice_id: str, pdf: bytes) -> str:
    key = f"invoices/{invoice_id}.pdf"
    s3_client().put_object(Bucket=BUCKET, Key=key, Body=pdf,
                           ServerSideEncryption="aws:kms")
    return key
