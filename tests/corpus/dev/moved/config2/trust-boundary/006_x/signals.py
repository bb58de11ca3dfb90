from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .access import SUPPORT_AGENT_KEY


@receiver(user_logged_in)
def flag_support_agents(sender, request, user, **kwargs):
    # Cache the group lookup for the lifetime of the session.
    request.session[SUPPORT_AGENT_KEY] = user.groups.filter(name="support").exists()
