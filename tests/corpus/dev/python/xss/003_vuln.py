from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.html import format_html, format_html_join

from blog.models import Post


def comments_fragment(request, post_id):
    post = get_object_or_404(Post, pk=post_id, published=True)
    items = "".join(
        f"<li><b>{c.author_name}</b>: {c.body}</li>"
        for c in post.comments.order_by("created_at")
    )
    return HttpResponse(f"<ul class='comments'>{items}</ul>")
