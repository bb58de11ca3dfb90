"""Generated Express, Spring, Go and ASP.NET code becomes files of its language, so the review
reads it with the semgrep rules (not as Python or plain text)."""

from __future__ import annotations

from app.core.extract import extract_code
from app.core.review import ReviewOptions, run_review
from app.core.sources import SourceFile

FENCE = "`" * 3
REPLY = f"""\
Here is the service.

{FENCE}java
// file: src/main/java/shop/OrderController.java
package shop;

import org.springframework.web.bind.annotation.*;

@RestController
public class OrderController {{
    @GetMapping("/orders")
    public String list(@RequestParam String sort) {{
        return jdbc.queryForList("SELECT * FROM orders ORDER BY " + sort).toString();
    }}
}}
{FENCE}

{FENCE}java
@SpringBootApplication
public class ShopApplication {{ public static void main(String[] args) {{ }} }}
{FENCE}

{FENCE}go
package main

func main() {{}}
{FENCE}

{FENCE}
using Microsoft.AspNetCore.Mvc;
namespace Shop;
public sealed class OrdersController : ControllerBase {{ }}
{FENCE}

{FENCE}javascript
const express = require('express');
const app = express();
app.get('/u', (req, res) => db.query("SELECT * FROM u WHERE id = " + req.query.id));
{FENCE}
"""


def test_each_block_gets_its_languages_name_and_type() -> None:
    files = {(f.path, f.language) for f in extract_code(REPLY).files}
    assert files == {
        ("src/main/java/shop/OrderController.java", "java"),
        ("ShopApplication.java", "java"),  # named after its public class
        ("main.go", "go"),
        ("OrdersController.cs", "csharp"),  # untagged, known by its using/namespace lines
        ("app.js", "javascript"),
    }


def test_the_review_covers_the_generated_java_and_javascript_by_rules() -> None:
    files = [SourceFile(f.path, f.language, f.content) for f in extract_code(REPLY).files]
    outcome = run_review(files, None, options=ReviewOptions(stages=frozenset({"scanners"})))
    flagged = {(f.file, f.cwe[0]) for f in outcome.findings if f.is_finding}
    assert ("src/main/java/shop/OrderController.java", 89) in flagged
    assert ("app.js", 89) in flagged
    assert all(entry.by_rules for entry in outcome.coverage), outcome.coverage
