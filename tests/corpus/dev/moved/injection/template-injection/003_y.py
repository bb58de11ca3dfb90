from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.mail import send_mail
from django.template import Context, Template
from django.urls import reverse_lazy
from django.views.generic import CreateView

from .models import SupportTicket
from .routing import pick_assignee

ACK_TEMPLATE = Template(
    """Re: {{ ticket.subject }}

Hello {{ ticket.requester.first_name|default:"there" }},

Thanks for contacting support. Your request has been logged as #{{ ticket.pk }}
and assigned to {{ ticket.assignee.first_name }} from our {{ ticket.queue.name }} team.
We normally reply within {{ ticket.queue.sla_hours }} hours.

You can follow the conversation at {{ ticket_url }}
"""
)


class TicketCreateView(LoginRequiredMixin, CreateView):
    model = SupportTicket
    fields = ["queue", "subject", "description"]
    template_name = "support/ticket_form.html"
    success_url = reverse_lazy("support:ticket-list")

    def form_valid(self, form):
        form.instance.requester = self.request.user
        form.instance.assignee = pick_assignee(form.cleaned_data["queue"])
        response = super().form_valid(form)
        self._send_acknowledgement(self.object)
        return response

    def _send_acknowledgement(self, ticket: SupportTicket) -> None:
        subject = f"[#{ticket.pk}] {ticket.subject}"
        context = Context(
            {
                "ticket": ticket,
                "ticket_url": self.request.build_absolute_uri(ticket.get_absolute_url()),
            },
            autoescape=False,
        )
        body = ACK_TEMPLATE.render(context)
        send_mail(
            subject=subject.replace("\n", " ")[:150],
            message=body,
            from_email=None,
            recipient_list=[ticket.requester.email],
        )
