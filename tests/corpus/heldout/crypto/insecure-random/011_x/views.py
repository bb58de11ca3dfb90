from django.db import transaction
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from .keygen import new_api_key
from .models import ApiKey

MAX_KEYS_PER_USER = 5


class ApiKeySerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiKey
        fields = ["id", "label", "prefix", "created_at", "last_used_at"]
        read_only_fields = fields


class CreateKeyInput(serializers.Serializer):
    label = serializers.CharField(max_length=64)


class ApiKeyListCreate(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def get(self, request):
        keys = ApiKey.objects.filter(owner=request.user, revoked=False).order_by("-created_at")
        return Response(ApiKeySerializer(keys, many=True).data)

    @transaction.atomic
    def post(self, request):
        data = CreateKeyInput(data=request.data)
        data.is_valid(raise_exception=True)
        if ApiKey.objects.filter(owner=request.user, revoked=False).count() >= MAX_KEYS_PER_USER:
            return Response({"detail": "key limit reached"}, status=status.HTTP_409_CONFLICT)

        full_key, prefix, digest = new_api_key()
        record = ApiKey.objects.create(
            owner=request.user,
            label=data.validated_data["label"],
            prefix=prefix,
            digest=digest,
        )
        payload = ApiKeySerializer(record).data
        payload["key"] = full_key  # shown once
        return Response(payload, status=status.HTTP_201_CREATED)


class ApiKeyRevoke(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def delete(self, request, pk: int):
        updated = ApiKey.objects.filter(pk=pk, owner=request.user).update(revoked=True)
        if not updated:
            return Response(status=status.HTTP_404_NOT_FOUND)
        return Response(status=status.HTTP_204_NO_CONTENT)
