from django import forms


class AvatarUrlForm(forms.Form):
    image_url = forms.URLField(max_length=2000, assume_scheme="https")
