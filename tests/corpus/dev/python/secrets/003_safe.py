import boto3

BUCKET = "acme-invoices-prod"


def s3_client():
    return boto3.client("s3", region_name="eu-central-1")


def upload_invoice(invoice_id: str, pdf: bytes) -> str:
    key = f"invoices/{invoice_id}.pdf"
    s3_client().put_object(Bucket=BUCKET, Key=key, Body=pdf,
                           ServerSideEncryption="aws:kms")
    return key
