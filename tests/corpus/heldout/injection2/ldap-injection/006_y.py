"""Staff directory search backed by the corporate LDAP (Django REST framework)."""
from __future__ import annotations

from django.conf import settings
from ldap3 import NONE, SUBTREE, Connection, Server
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

PERSON_ATTRS = ["cn", "mail", "title", "telephoneNumber", "departmentNumber"]
MAX_RESULTS = 25


class PersonSerializer(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.EmailField(allow_blank=True)
    title = serializers.CharField(allow_blank=True)
    phone = serializers.CharField(allow_blank=True)
    department = serializers.CharField(allow_blank=True)


def _connection() -> Connection:
    server = Server(settings.DIRECTORY_LDAP_URL, use_ssl=True, get_info=NONE)
    return Connection(
        server,
        user=settings.DIRECTORY_BIND_DN,
        password=settings.DIRECTORY_BIND_PASSWORD,
        auto_bind=True,
        read_only=True,
    )


def _normalise(term: str) -> str:
    return " ".join(term.split()).lower()


def _first(entry, attr: str) -> str:
    values = entry[attr].values if attr in entry else []
    return str(values[0]) if values else ""


class DirectorySearchView(APIView):
    permission_classes = [IsAuthenticated]

    def get(self, request):
        term = _normalise(request.query_params.get("q", ""))
        if len(term) < 2:
            return Response({"detail": "query too short"}, status=400)

        search_filter = (
            "(&(objectClass=inetOrgPerson)(!(employeeType=service))"
            f"(|(cn=*{term}*)(mail={term}*)(uid={term})))"
        )
        with _connection() as conn:
            conn.search(
                settings.DIRECTORY_PEOPLE_BASE,
                search_filter,
                search_scope=SUBTREE,
                attributes=PERSON_ATTRS,
                size_limit=MAX_RESULTS,
            )
            people = [
                {
                    "name": _first(e, "cn"),
                    "email": _first(e, "mail"),
                    "title": _first(e, "title"),
                    "phone": _first(e, "telephoneNumber"),
                    "department": _first(e, "departmentNumber"),
                }
                for e in conn.entries
            ]
        return Response({"results": PersonSerializer(people, many=True).data})
