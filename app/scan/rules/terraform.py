"""Terraform rules: public buckets, open security groups, unencrypted storage, public
databases, hard-coded credentials and policies that grant access to any principal.

The file is parsed with python-hcl2 into a small tree of blocks and attributes that keeps
line numbers. A value that is not a literal (`var.x`, `"${...}"`, a function call) is unknown
to us, so a rule that needs a literal stays quiet rather than guess.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import hcl2
from hcl2.rules.base import AttributeRule, BlockRule, BodyRule
from hcl2.rules.expressions import ExprTermRule
from hcl2.rules.functions import FunctionCallRule
from hcl2.utils import SerializationOptions
from lark.exceptions import LarkError, UnexpectedInput

from app.core.findings import Confidence, Finding, Severity, StageResult
from app.core.sources import SourceFile
from app.scan.rules.common import Rule, RuleParseError, looks_like_secret_name

PUBLIC_BUCKET = Rule(
    id="airlock.tf.public-bucket",
    title="Storage bucket readable by the public",
    cwe=(732, 284),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    description="A public ACL, an IAM grant to allUsers/allAuthenticatedUsers, a public "
    "container access level or a disabled public-access block exposes the bucket's objects "
    "to anyone on the internet.",
    fix='Keep buckets private (`acl = "private"`, or no ACL with object ownership '
    "enforced), keep every `aws_s3_bucket_public_access_block` setting `true`, and serve "
    "public content through a CDN with origin access control.",
)
OPEN_SECURITY_GROUP = Rule(
    id="airlock.tf.open-security-group",
    title="Firewall rule open to the whole internet",
    cwe=(284,),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    description="An ingress rule from 0.0.0.0/0 (or ::/0, `*`, `Internet`) to ports other "
    "than 80/443 exposes administration and database ports to every scanner on the "
    "internet.",
    fix="Restrict the source to the networks that need access (a VPN or office range, a "
    'load balancer\'s security group, e.g. `cidr_blocks = ["10.0.0.0/8"]`) and reach '
    "hosts through SSM Session Manager, IAP or a bastion instead of an open port 22/3389.",
)
UNENCRYPTED_STORAGE = Rule(
    id="airlock.tf.unencrypted-storage",
    title="Storage not encrypted at rest",
    cwe=(311,),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    description="A volume, database, file system or cluster is created without encryption "
    "at rest, so snapshots, backups and retired disks hold the data in clear.",
    fix="Turn encryption on (`encrypted = true`, `storage_encrypted = true`, "
    "`at_rest_encryption_enabled = true`, `encrypt_at_rest { enabled = true }`), ideally "
    "with a customer-managed KMS key (`kms_key_id`).",
)
PUBLIC_DATABASE = Rule(
    id="airlock.tf.public-database",
    title="Database reachable from the internet",
    cwe=(284,),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    description="The database instance gets a public endpoint (`publicly_accessible = "
    "true`) or its firewall admits every address, so only its password stands between "
    "the internet and the data.",
    fix="Keep databases in private subnets (`publicly_accessible = false`), allow only the "
    "application's security group or private ranges, and connect from outside through a "
    "bastion, VPN or private endpoint.",
)
HARDCODED_CREDENTIALS = Rule(
    id="airlock.tf.hardcoded-credentials",
    title="Hard-coded credential in Terraform",
    cwe=(798,),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    description="A password, key or token is written as a literal in the configuration: it "
    "lands in version control, in plan output and in the state file.",
    fix='Take the value from a secret store (`data "aws_secretsmanager_secret_version"`, '
    "Vault) or a `sensitive = true` variable without a default supplied at apply time; "
    "for RDS prefer `manage_master_user_password = true`. Rotate the exposed credential.",
)
PUBLIC_POLICY = Rule(
    id="airlock.tf.public-policy",
    title="Policy grants access to any principal",
    cwe=(732, 284),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    description='An Allow statement names the principal `"*"` (or `{"AWS": "*"}`) with no '
    "condition saying who may use it. Attached to a bucket, queue, topic, key or role trust "
    "policy, that opens the resource (or lets the role be assumed) to every AWS account and, "
    "for S3, to anonymous callers on the internet.",
    fix="Name the principals that need access (an account, role or service such as "
    '`cloudfront.amazonaws.com`), or keep `"*"` only together with a condition that pins the '
    "caller: `aws:SourceArn`/`aws:SourceAccount` for a service, `aws:PrincipalOrgID` for "
    "your organisation, `aws:SourceVpce` for a VPC endpoint.",
)
RULES = (
    PUBLIC_BUCKET,
    OPEN_SECURITY_GROUP,
    UNENCRYPTED_STORAGE,
    PUBLIC_DATABASE,
    HARDCODED_CREDENTIALS,
    PUBLIC_POLICY,
)

_VALUE_OPTIONS = SerializationOptions(
    with_comments=False, strip_string_quotes=True, explicit_blocks=False
)
_PUBLIC_ACLS = frozenset({"public-read", "public-read-write", "authenticated-read"})
_PUBLIC_MEMBERS = frozenset({"allusers", "allauthenticatedusers"})
# Sources meaning "anyone" (values we look for, not addresses we bind to).
_WORLD = frozenset({"0.0.0.0/0", "::/0", "*", "internet", "any", "0.0.0.0"})  # noqa: S104
_WEB_PORTS = frozenset({80, 443})
_SENSITIVE_PORTS = frozenset(
    {20, 21, 22, 23, 25, 110, 135, 139, 143, 445, 1433, 1521, 2049, 2375, 2376, 3306, 3389,
     5432, 5601, 5900, 5984, 5985, 5986, 6379, 7001, 8020, 8086, 9042, 9200, 9300, 11211,
     27017, 50070}
)  # fmt: skip
_ALL_PORTS = range(0, 65536)


@dataclass
class Attribute:
    name: str
    value: Any
    line: int
    end_line: int = 0  # last line of a multi-line value; 0 when not known
    encoded: Any = None  # for `jsonencode(x)`: x as plain data, so policies can be read


@dataclass
class Block:
    type: str
    labels: list[str]
    line: int
    attributes: dict[str, Attribute] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)

    def attr(self, name: str) -> Any:
        found = self.attributes.get(name)
        return found.value if found else None

    def line_of(self, name: str) -> int:
        found = self.attributes.get(name)
        return found.line if found else self.line

    def children(self, block_type: str) -> list[Block]:
        return [block for block in self.blocks if block.type == block_type]

    @property
    def resource_type(self) -> str:
        return self.labels[0] if self.type == "resource" and self.labels else ""


def check(file: SourceFile) -> StageResult:
    """Every Terraform rule over one file."""
    top = parse(file.text)
    findings: list[Finding] = []
    for block in top:
        for rule_check in _RESOURCE_CHECKS.get(block.resource_type, ()):
            findings.extend(rule_check(file, block))
        findings.extend(_hardcoded_credentials(file, block))
        findings.extend(_public_policies(file, block))
    return StageResult(findings=findings)


def parse(text: str) -> list[Block]:
    """The top-level blocks of a Terraform file."""
    try:
        tree = hcl2.parses(text)
    except UnexpectedInput as exc:
        raise RuleParseError(_first_line(str(exc)), line=exc.line) from exc
    except (LarkError, ValueError, RuntimeError) as exc:
        raise RuleParseError(_first_line(str(exc))) from exc
    return _body_blocks(tree.body, parent_line=1)


def _first_line(message: str) -> str:
    return f"HCL parse error: {message.strip().splitlines()[0] if message.strip() else ''}"


def _body_blocks(body: BodyRule, *, parent_line: int) -> list[Block]:
    return [
        _block(child, parent_line=parent_line)
        for child in body.children
        if isinstance(child, BlockRule)
    ]


def _block(rule: BlockRule, *, parent_line: int) -> Block:
    labels = [str(label.serialize(_VALUE_OPTIONS)) for label in rule.labels]
    line, _ = _span(rule, default=parent_line)
    block = Block(type=labels[0], labels=labels[1:], line=line)
    for child in rule.body.children:
        if isinstance(child, AttributeRule):
            name = str(child.identifier.serialize(_VALUE_OPTIONS))
            value = child.expression.serialize(_VALUE_OPTIONS)
            first, last = _span(child, default=line)
            block.attributes[name] = Attribute(
                name, value, first, end_line=last, encoded=_jsonencode_argument(child)
            )
        elif isinstance(child, BlockRule):
            block.blocks.append(_block(child, parent_line=line))
    return block


def _span(rule: AttributeRule | BlockRule, *, default: int) -> tuple[int, int]:
    """First and last line of a rule. python-hcl2 8 keeps Lark's position metadata on each
    rule; `to_lark()` exposes it."""
    meta = rule.to_lark().meta
    line = getattr(meta, "line", None)
    end_line = getattr(meta, "end_line", None)
    first = line if isinstance(line, int) else default
    return first, end_line if isinstance(end_line, int) and end_line >= first else first


def _jsonencode_argument(attribute: AttributeRule) -> Any:
    """For `name = jsonencode(x)`, x serialized as plain data; None for anything else."""
    expression = attribute.expression
    call = expression.expression if isinstance(expression, ExprTermRule) else expression
    if not isinstance(call, FunctionCallRule) or call.arguments is None:
        return None
    names = [str(identifier.serialize(_VALUE_OPTIONS)) for identifier in call.identifiers]
    arguments = call.arguments.arguments
    if names != ["jsonencode"] or len(arguments) != 1:
        return None
    return arguments[0].serialize(_VALUE_OPTIONS)


def _literal(value: Any) -> str | None:
    """A string written as a literal, or None for references and expressions."""
    if isinstance(value, str) and "${" not in value and not value.startswith("<<"):
        return value
    return None


def _strings(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [text for text in (_literal(item) for item in items) if text is not None]


# --- public buckets --------------------------------------------------------------------


def _public_acl(file: SourceFile, block: Block) -> Iterator[Finding]:
    acl = _literal(block.attr("acl"))
    if acl is not None and acl.lower() in _PUBLIC_ACLS:
        yield PUBLIC_BUCKET.finding(
            file,
            block.line_of("acl"),
            message=f'{block.resource_type}.{_name(block)} sets acl = "{acl}".',
        )
    for grantee in _walk(block, "grantee"):
        uri = _literal(grantee.attr("uri")) or ""
        if uri.endswith(("/AllUsers", "/AuthenticatedUsers")):
            yield PUBLIC_BUCKET.finding(
                file, grantee.line_of("uri"), message=f"The ACL grants access to {uri}."
            )


def _public_access_block(file: SourceFile, block: Block) -> Iterator[Finding]:
    for name in ("block_public_acls", "block_public_policy", "ignore_public_acls",
                 "restrict_public_buckets"):  # fmt: skip
        if block.attr(name) is False:
            yield PUBLIC_BUCKET.finding(
                file,
                block.line_of(name),
                message=f"{name} = false turns off S3's guard against public buckets.",
                severity=Severity.MEDIUM,
                confidence=Confidence.MEDIUM,
            )


def _gcs_public_member(file: SourceFile, block: Block) -> Iterator[Finding]:
    for name in ("member", "members", "entity", "role_entity"):
        for member in _strings(block.attr(name)):
            if any(public in member.lower() for public in _PUBLIC_MEMBERS):
                yield PUBLIC_BUCKET.finding(
                    file, block.line_of(name), message=f"The bucket is granted to {member}."
                )
    predefined = _literal(block.attr("predefined_acl")) or ""
    if predefined.lower().startswith("public"):
        yield PUBLIC_BUCKET.finding(
            file, block.line_of("predefined_acl"), message=f"predefined_acl = {predefined}."
        )


def _azure_container(file: SourceFile, block: Block) -> Iterator[Finding]:
    level = _literal(block.attr("container_access_type")) or ""
    if level.lower() in {"blob", "container"}:
        yield PUBLIC_BUCKET.finding(
            file,
            block.line_of("container_access_type"),
            message=f'container_access_type = "{level}" allows anonymous reads.',
        )


def _azure_account(file: SourceFile, block: Block) -> Iterator[Finding]:
    for name in ("allow_nested_items_to_be_public", "allow_blob_public_access"):
        if block.attr(name) is True:
            yield PUBLIC_BUCKET.finding(
                file,
                block.line_of(name),
                message=f"{name} = true lets containers be made public.",
                severity=Severity.MEDIUM,
                confidence=Confidence.MEDIUM,
            )


# --- open security groups --------------------------------------------------------------


def _aws_security_group(file: SourceFile, block: Block) -> Iterator[Finding]:
    for rule in block.children("ingress"):
        yield from _aws_ingress(file, rule)
    inline = block.attributes.get("ingress")  # the attribute form: ingress = [{...}]
    if inline is not None and isinstance(inline.value, list):
        for item in inline.value:
            if isinstance(item, dict):
                yield from _aws_ingress(file, _inline_block(item, inline.line))


def _aws_security_group_rule(file: SourceFile, block: Block) -> Iterator[Finding]:
    if (_literal(block.attr("type")) or "").lower() == "ingress":
        yield from _aws_ingress(file, block)


def _aws_ingress(file: SourceFile, rule: Block) -> Iterator[Finding]:
    for name in ("cidr_blocks", "ipv6_cidr_blocks", "cidr_ipv4", "cidr_ipv6"):
        world = [cidr for cidr in _strings(rule.attr(name)) if cidr in _WORLD]
        if world:
            yield from _open_finding(file, rule.line_of(name), world[0], _aws_ports(rule))


def _aws_ports(rule: Block) -> list[range] | None:
    protocol = str(rule.attr("protocol") or rule.attr("ip_protocol") or "").lower()
    if protocol in {"-1", "all"}:
        return [_ALL_PORTS]
    low, high = rule.attr("from_port"), rule.attr("to_port")
    if isinstance(low, int) and isinstance(high, int):
        return [_ALL_PORTS] if (low, high) in {(0, 0), (0, 65535)} else [range(low, high + 1)]
    return None


def _gcp_firewall(file: SourceFile, block: Block) -> Iterator[Finding]:
    direction = (_literal(block.attr("direction")) or "INGRESS").upper()
    allows = block.children("allow")
    world = [cidr for cidr in _strings(block.attr("source_ranges")) if cidr in _WORLD]
    if direction != "INGRESS" or not allows or not world:
        return
    specs = [spec for allow in allows for spec in (_strings(allow.attr("ports")) or ["*"])]
    ports = _port_specs(specs)
    yield from _open_finding(file, block.line_of("source_ranges"), world[0], ports)


def _azure_rules(file: SourceFile, block: Block) -> Iterator[Finding]:
    rules = [block] if block.resource_type == "azurerm_network_security_rule" else []
    for rule in rules + block.children("security_rule"):
        inbound = (_literal(rule.attr("direction")) or "").lower() == "inbound"
        allow = (_literal(rule.attr("access")) or "").lower() == "allow"
        name = "source_address_prefix"
        if name not in rule.attributes:
            name = "source_address_prefixes"
        world = [source for source in _strings(rule.attr(name)) if source.lower() in _WORLD]
        if inbound and allow and world:
            specs = _strings(rule.attr("destination_port_range")) or _strings(
                rule.attr("destination_port_ranges")
            )
            yield from _open_finding(file, rule.line_of(name), world[0], _port_specs(specs))


def _port_specs(specs: list[str]) -> list[range] | None:
    """["22", "8000-8080", "*"] -> port ranges; None when any is not a literal port."""
    ports = [_port_spec(spec) for spec in specs]
    if not ports or any(port is None for port in ports):
        return None
    return [port for port in ports if port is not None]


def _port_spec(spec: str) -> range | None:
    if spec.strip() == "*":
        return _ALL_PORTS
    match = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", spec)
    if not match:
        return None
    low = int(match.group(1))
    return range(low, int(match.group(2) or low) + 1)


def _open_finding(
    file: SourceFile, line: int, source: str, ports: list[range] | None
) -> Iterator[Finding]:
    if ports is not None and all(len(p) <= 2 and set(p) <= _WEB_PORTS for p in ports):
        return  # a public web listener is what 0.0.0.0/0 on 80/443 is for
    if ports is None:
        severity, confidence, what = Severity.MEDIUM, Confidence.MEDIUM, "ports not known here"
    elif _ALL_PORTS in ports:
        severity, confidence, what = Severity.HIGH, Confidence.HIGH, "all ports"
    elif any(port in span for port in _SENSITIVE_PORTS for span in ports):
        severity, confidence, what = Severity.HIGH, Confidence.HIGH, _describe(ports)
    else:
        severity, confidence, what = Severity.MEDIUM, Confidence.HIGH, _describe(ports)
    yield OPEN_SECURITY_GROUP.finding(
        file,
        line,
        message=f"Ingress from {source} to {what}.",
        severity=severity,
        confidence=confidence,
    )


def _describe(ports: list[range]) -> str:
    spans = [str(p.start) if len(p) == 1 else f"{p.start}-{p.stop - 1}" for p in ports]
    label = "port" if len(spans) == 1 and "-" not in spans[0] else "ports"
    return f"{label} {', '.join(spans)}"


# --- unencrypted storage ---------------------------------------------------------------

# resource type -> (attribute, whether a missing attribute means unencrypted)
_ENCRYPTION_FLAGS: dict[str, tuple[str, bool]] = {
    "aws_ebs_volume": ("encrypted", True),
    "aws_efs_file_system": ("encrypted", True),
    "aws_db_instance": ("storage_encrypted", True),
    "aws_rds_cluster": ("storage_encrypted", True),
    "aws_docdb_cluster": ("storage_encrypted", True),
    "aws_neptune_cluster": ("storage_encrypted", True),
    "aws_redshift_cluster": ("encrypted", False),
    "aws_elasticache_replication_group": ("at_rest_encryption_enabled", False),
}


def _encryption_flag(file: SourceFile, block: Block) -> Iterator[Finding]:
    name, missing_is_plain = _ENCRYPTION_FLAGS[block.resource_type]
    if "replicate_source_db" in block.attributes or "snapshot_identifier" in block.attributes:
        return  # replicas and restores inherit the source's encryption
    value = block.attr(name)
    label = f"{block.resource_type}.{_name(block)}"
    if value is False:
        yield UNENCRYPTED_STORAGE.finding(
            file, block.line_of(name), message=f"{label} sets {name} = false."
        )
    elif name not in block.attributes and missing_is_plain:
        yield UNENCRYPTED_STORAGE.finding(
            file,
            block.line,
            message=f"{label} does not set {name}; the provider default is unencrypted "
            "(unless the account enforces encryption by default).",
            confidence=Confidence.MEDIUM,
        )


def _block_devices(file: SourceFile, block: Block) -> Iterator[Finding]:
    for device_type in ("root_block_device", "ebs_block_device", "ebs"):
        for device in _walk(block, device_type):
            if device.attr("encrypted") is False:
                yield UNENCRYPTED_STORAGE.finding(
                    file,
                    device.line_of("encrypted"),
                    message=f"{device_type} of {block.resource_type}.{_name(block)} sets "
                    "encrypted = false.",
                )


def _search_domain(file: SourceFile, block: Block) -> Iterator[Finding]:
    for setting in block.children("encrypt_at_rest"):
        if setting.attr("enabled") is False:
            yield UNENCRYPTED_STORAGE.finding(
                file,
                setting.line_of("enabled"),
                message=f"{block.resource_type}.{_name(block)} turns encrypt_at_rest off.",
            )


# --- public databases ------------------------------------------------------------------


def _publicly_accessible(file: SourceFile, block: Block) -> Iterator[Finding]:
    if block.attr("publicly_accessible") is True:
        yield PUBLIC_DATABASE.finding(
            file,
            block.line_of("publicly_accessible"),
            message=f"{block.resource_type}.{_name(block)} sets publicly_accessible = true.",
        )


def _cloud_sql(file: SourceFile, block: Block) -> Iterator[Finding]:
    for network in _walk(block, "authorized_networks"):
        value = _literal(network.attr("value")) or ""
        if value in _WORLD:
            yield PUBLIC_DATABASE.finding(
                file,
                network.line_of("value"),
                message=f"Cloud SQL instance {_name(block)} authorizes {value}.",
            )


def _azure_db_firewall(file: SourceFile, block: Block) -> Iterator[Finding]:
    start = _literal(block.attr("start_ip_address"))
    end = _literal(block.attr("end_ip_address"))
    if start == "0.0.0.0" and end == "255.255.255.255":  # noqa: S104 - a value we look for
        yield PUBLIC_DATABASE.finding(
            file,
            block.line_of("start_ip_address"),
            end_line=block.line_of("end_ip_address"),
            message=f"Firewall rule {_name(block)} admits every IPv4 address.",
        )


# --- hard-coded credentials ------------------------------------------------------------


def _hardcoded_credentials(file: SourceFile, block: Block) -> Iterator[Finding]:
    if block.type == "variable":
        yield from _variable_default(file, block)
        return
    for item in _walk(block, None):
        for attribute in item.attributes.values():
            secret = _literal(attribute.value)
            if (
                secret
                and looks_like_secret_name(attribute.name)
                and not _not_a_credential(attribute.name)
            ):
                yield HARDCODED_CREDENTIALS.finding(
                    file,
                    attribute.line,
                    message=f"{attribute.name} is set to a literal value in "
                    f"{_describe_block(block)}.",
                    secret=secret,
                )


# Provider arguments named "token" that are not credentials: EFS's creation_token and the
# idempotency tokens of several AWS resources are client-chosen request ids.
_NOT_CREDENTIALS = frozenset({"creation_token", "client_token", "idempotency_token",
                              "client_request_token"})  # fmt: skip


def _not_a_credential(name: str) -> bool:
    return name.lower() in _NOT_CREDENTIALS


def _variable_default(file: SourceFile, block: Block) -> Iterator[Finding]:
    name = block.labels[0] if block.labels else ""
    secret = _literal(block.attr("default"))
    if secret and looks_like_secret_name(name):
        yield HARDCODED_CREDENTIALS.finding(
            file,
            block.line_of("default"),
            message=f"Variable {name} has a literal default value.",
            secret=secret,
        )


# --- policies open to any principal ----------------------------------------------------

# Condition keys that pin who the caller is, so `"*"` plus one of them is not public:
# CloudFront/SNS/EventBridge through aws:SourceArn, an organisation through
# aws:PrincipalOrgID, a VPC endpoint, ... aws:Referer and aws:SecureTransport do not.
_CALLER_KEYS = frozenset(
    {"aws:sourcearn", "aws:sourceaccount", "aws:sourceowner", "aws:sourceorgid",
     "aws:sourceorgpaths", "aws:principalorgid", "aws:principalorgpaths",
     "aws:principalaccount", "aws:principalarn", "aws:principalservicename", "aws:userid",
     "aws:username", "aws:sourcevpc", "aws:sourcevpce", "aws:sourceip", "aws:vpcsourceip",
     "kms:calleraccount", "kms:viaservice", "s3:dataaccesspointaccount",
     "s3:dataaccesspointarn"}
)  # fmt: skip
_PRINCIPAL_KEY = re.compile(r"""\bPrincipal["']?\s*[:=]""")


def _public_policies(file: SourceFile, block: Block) -> Iterator[Finding]:
    """`data "aws_iam_policy_document"` statements, and JSON policies written inline
    (`jsonencode({...})`, heredocs) in any attribute of any block."""
    if block.type == "data" and block.labels[:1] == ["aws_iam_policy_document"]:
        yield from _policy_document_data(file, block)
    for item in _walk(block, None):
        for attribute in item.attributes.values():
            document = _json_policy(attribute)
            if document is not None:
                yield from _json_policy_findings(file, block, attribute, document)


def _policy_document_data(file: SourceFile, block: Block) -> Iterator[Finding]:
    for number, statement in enumerate(block.children("statement"), start=1):
        effect = statement.attributes.get("effect")
        if effect is not None and (_literal(effect.value) or "").lower() != "allow":
            continue  # Deny, or an effect we cannot read
        if any(_restricts_caller(c) for c in statement.children("condition")):
            continue
        for principals in statement.children("principals"):
            kind = (_literal(principals.attr("type")) or "").upper()
            if kind in {"*", "AWS"} and "*" in _strings(principals.attr("identifiers")):
                label = f"data.aws_iam_policy_document.{_name(block)}"
                yield _public_policy_finding(
                    file,
                    principals.line_of("identifiers"),
                    where=f"{label}, {_statement_name(statement.attr('sid'), number)}",
                    actions=_strings(statement.attr("actions")),
                )
                break


def _restricts_caller(condition: Block) -> bool:
    test, variable = _literal(condition.attr("test")), _literal(condition.attr("variable"))
    if test is None or variable is None:
        return True  # not literals: unknown, so stay quiet
    return _condition_restricts(test, variable, condition.attr("values"))


def _condition_restricts(test: str, variable: str, values: Any) -> bool:
    """Whether one condition pins the caller. Negated tests (`StringNotEquals`), `Null`
    and `...IfExists` (met when the key is absent) do not; neither does a `"*"` value."""
    operator = test.lower()
    if "not" in operator or operator == "null" or operator.endswith("ifexists"):
        return False
    key = variable.lower()
    if key not in _CALLER_KEYS and not key.startswith("aws:principaltag/"):
        return False
    items = values if isinstance(values, list) else [values]
    texts = [str(item) for item in items if isinstance(item, str | int)]
    return bool(texts) and all(text.strip() not in {"", "*"} for text in texts)


def _json_policy(attribute: Attribute) -> dict[str, Any] | None:
    """An IAM policy written as data: `jsonencode({...})`, a heredoc or a JSON string."""
    document = attribute.encoded
    if document is None and isinstance(attribute.value, str):
        text = attribute.value.strip()
        if text.startswith("<<"):  # heredoc: drop the `<<EOF` and closing delimiter lines
            text = "\n".join(text.splitlines()[1:-1])
        if text.lstrip().startswith("{"):
            try:
                document = json.loads(text)
            except ValueError:  # interpolated or templated JSON: unknown
                return None
    if isinstance(document, dict) and "Statement" in document:
        return document
    return None


def _json_policy_findings(
    file: SourceFile, block: Block, attribute: Attribute, document: dict[str, Any]
) -> Iterator[Finding]:
    statements = document["Statement"]
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list):
        return
    principal_lines = _principal_lines(file, attribute)
    with_principal = 0
    for number, statement in enumerate(statements, start=1):
        if not isinstance(statement, dict) or "Principal" not in statement:
            continue
        with_principal += 1
        if not _json_statement_is_public(statement):
            continue
        line = (
            principal_lines[with_principal - 1]
            if with_principal <= len(principal_lines)
            else attribute.line
        )
        yield _public_policy_finding(
            file,
            line,
            where=f"{_describe_owner(block)} `{attribute.name}`, "
            f"{_statement_name(statement.get('Sid'), number)}",
            actions=_strings(statement.get("Action")),
        )


def _json_statement_is_public(statement: dict[str, Any]) -> bool:
    if str(statement.get("Effect", "Allow")).lower() != "allow":
        return False
    principal = statement["Principal"]
    if isinstance(principal, dict):
        principal = next((v for k, v in principal.items() if str(k).upper() == "AWS"), None)
    if "*" not in _strings(principal):
        return False
    condition = statement.get("Condition")
    if not isinstance(condition, dict):
        return True
    return not any(
        _condition_restricts(str(operator), str(key), values)
        for operator, tests in condition.items()
        if isinstance(tests, dict)
        for key, values in tests.items()
    )


def _principal_lines(file: SourceFile, attribute: Attribute) -> list[int]:
    """Lines of the attribute's value holding a `Principal` key, in order."""
    last = max(attribute.end_line, attribute.line)
    return [
        number
        for number in range(attribute.line, last + 1)
        for _ in _PRINCIPAL_KEY.finditer(file.line(number))
    ]


def _public_policy_finding(
    file: SourceFile, line: int, *, where: str, actions: list[str]
) -> Finding:
    granted = ", ".join(actions[:3]) + (" and more" if len(actions) > 3 else "")
    return PUBLIC_POLICY.finding(
        file,
        line,
        message=f'{where} allows any principal ("*")'
        + (f" to {granted}" if granted else "")
        + " with no condition restricting the caller.",
    )


def _statement_name(sid: Any, number: int) -> str:
    name = _literal(sid)
    return f'statement "{name}"' if name else f"statement {number}"


def _describe_owner(block: Block) -> str:
    if block.type in {"resource", "data"} and len(block.labels) > 1:
        prefix = "data." if block.type == "data" else ""
        return f"{prefix}{block.labels[0]}.{block.labels[1]}"
    return _describe_block(block)


# --- helpers ---------------------------------------------------------------------------


def _walk(block: Block, block_type: str | None) -> Iterator[Block]:
    """`block` and its nested blocks (of `block_type` only, when given), depth first."""
    if block_type is None or block.type == block_type:
        yield block
    for child in block.blocks:
        yield from _walk(child, block_type)


def _inline_block(values: dict[str, Any], line: int) -> Block:
    block = Block(type="ingress", labels=[], line=line)
    block.attributes = {key: Attribute(key, value, line) for key, value in values.items()}
    return block


def _name(block: Block) -> str:
    return block.labels[1] if len(block.labels) > 1 else (block.labels[0] if block.labels else "")


def _describe_block(block: Block) -> str:
    return " ".join([block.type, *(f'"{label}"' for label in block.labels)])


_Check = Callable[[SourceFile, Block], Iterator[Finding]]
_RESOURCE_CHECKS: dict[str, tuple[_Check, ...]] = {
    "aws_s3_bucket": (_public_acl,),
    "aws_s3_bucket_acl": (_public_acl,),
    "aws_s3_bucket_public_access_block": (_public_access_block,),
    "aws_s3_account_public_access_block": (_public_access_block,),
    "google_storage_bucket_iam_member": (_gcs_public_member,),
    "google_storage_bucket_iam_binding": (_gcs_public_member,),
    "google_storage_bucket_access_control": (_gcs_public_member,),
    "google_storage_default_object_access_control": (_gcs_public_member,),
    "google_storage_bucket_acl": (_gcs_public_member,),
    "azurerm_storage_container": (_azure_container,),
    "azurerm_storage_account": (_azure_account,),
    "aws_security_group": (_aws_security_group,),
    "aws_security_group_rule": (_aws_security_group_rule,),
    "aws_vpc_security_group_ingress_rule": (_aws_ingress,),
    "google_compute_firewall": (_gcp_firewall,),
    "azurerm_network_security_group": (_azure_rules,),
    "azurerm_network_security_rule": (_azure_rules,),
    "aws_ebs_volume": (_encryption_flag,),
    "aws_efs_file_system": (_encryption_flag,),
    "aws_db_instance": (_encryption_flag, _publicly_accessible),
    "aws_rds_cluster": (_encryption_flag,),
    "aws_docdb_cluster": (_encryption_flag,),
    "aws_neptune_cluster": (_encryption_flag,),
    "aws_redshift_cluster": (_encryption_flag, _publicly_accessible),
    "aws_elasticache_replication_group": (_encryption_flag,),
    "aws_instance": (_block_devices,),
    "aws_launch_template": (_block_devices,),
    "aws_launch_configuration": (_block_devices,),
    "aws_opensearch_domain": (_search_domain,),
    "aws_elasticsearch_domain": (_search_domain,),
    "aws_rds_cluster_instance": (_publicly_accessible,),
    "aws_dms_replication_instance": (_publicly_accessible,),
    "google_sql_database_instance": (_cloud_sql,),
    "azurerm_mssql_firewall_rule": (_azure_db_firewall,),
    "azurerm_sql_firewall_rule": (_azure_db_firewall,),
    "azurerm_postgresql_firewall_rule": (_azure_db_firewall,),
    "azurerm_postgresql_flexible_server_firewall_rule": (_azure_db_firewall,),
    "azurerm_mysql_firewall_rule": (_azure_db_firewall,),
    "azurerm_mysql_flexible_server_firewall_rule": (_azure_db_firewall,),
    "azurerm_mariadb_firewall_rule": (_azure_db_firewall,),
}
