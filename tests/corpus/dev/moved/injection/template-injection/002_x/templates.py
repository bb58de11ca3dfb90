INVITE_SUBJECT = "You're invited to join {{ workspace.name }}"

INVITE_HEADER = """Hi there,

{{ inviter.display_name }} has invited you to join the "{{ workspace.name }}" workspace.
"""

INVITE_NOTE = """
They added a note:

    {{ note }}
"""

INVITE_FOOTER = """
Accept the invitation here (the link expires in {{ expires_in_days }} days):
{{ accept_url }}

-- 
The Team
"""
