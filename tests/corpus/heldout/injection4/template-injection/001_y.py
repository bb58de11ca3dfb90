from jinja2 import Environment, select_autoescape
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from campaigns.models import Campaign

jinja_env = Environment(autoescape=select_autoescape(default_for_string=True))

EMAIL_LAYOUT = jinja_env.from_string("""
<html>
  <body style="font-family: sans-serif">
    <h2>{{ heading }}</h2>
    <p>Hi {{ first_name }},</p>
    <p>{{ intro }}</p>
    <p><a href="{{ cta_url }}">{{ cta_label }}</a></p>
    <small>You are receiving this because you subscribed to {{ list_name }}.</small>
  </body>
</html>
""")


class PreviewSerializer(serializers.Serializer):
    heading = serializers.CharField(max_length=200)
    intro = serializers.CharField(max_length=2000)
    cta_label = serializers.CharField(max_length=60, default="Read more")
    cta_url = serializers.URLField()


class CampaignPreviewView(APIView):
    """Renders the marketing e-mail so the editor can show a live preview."""

    permission_classes = [permissions.IsAuthenticated]

    def post(self, request, campaign_id: int):
        campaign = Campaign.objects.filter(pk=campaign_id, owner=request.user).first()
        if campaign is None:
            return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)

        serializer = PreviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data

        html = EMAIL_LAYOUT.render(
            heading=data["heading"],
            intro=data["intro"],
            first_name=request.user.first_name or "there",
            cta_url=data["cta_url"],
            cta_label=data["cta_label"],
            list_name=campaign.mailing_list.name,
        )
        return Response({"html": html})
