"""Form and model fields that put every file of the portal through the upload policy.

- :class:`PolicyFormField` (``forms.FileField``): cleaning a file inspects it against a profile;
  ``multiple=True`` takes several files (all refused messages are shown).
- :class:`PolicyFileField` / :class:`PolicyImageField` (model fields): their form field is the
  policy's, and storing a new file through them inspects it first (a service, an admin form or a
  shell cannot store an unchecked file). Files the server writes itself are declared with
  ``profile=None`` and ``server_written=True`` (never uploaded, so never inspected).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile, ImageFieldFile

from .policy import UploadRefused, inspect_upload
from .types import PROFILES, Profile


def _profile(profile: Profile | str | None) -> Profile | None:
    return PROFILES[profile] if isinstance(profile, str) else profile


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PolicyFormField(forms.FileField):
    """A file (or, with ``multiple=True``, a list of files) accepted only by the upload policy."""

    def __init__(self, *args, profile: Profile | str, multiple: bool = False, **kwargs):
        self.profile = _profile(profile)
        self.multiple = multiple
        accept = ",".join(f".{e}" for t in self.profile.types for e in t.extensions)
        widget = MultipleFileInput if multiple else forms.ClearableFileInput
        kwargs.setdefault("widget", widget(attrs={"accept": accept}))
        super().__init__(*args, **kwargs)

    def _check(self, upload):
        try:
            inspect_upload(upload, profile=self.profile)
        except UploadRefused as exc:
            raise ValidationError(exc.message, code="upload_refused") from exc
        return upload

    def clean(self, data, initial=None):
        if not self.multiple:
            cleaned = super().clean(data, initial)
            if cleaned and cleaned is not initial and hasattr(cleaned, "chunks"):
                self._check(cleaned)
            return cleaned
        single = super().clean
        items = data if isinstance(data, list | tuple) else ([data] if data else [])
        files = [single(d, initial) for d in items if d]
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        errors = []
        for f in files:
            try:
                self._check(f)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return files


class _PolicyFile:
    """Storing a new file (``instance.field = upload`` then save, or ``instance.field.save(name, f)``)
    inspects it against the field's profile first."""

    def save(self, name, content, save=True):
        if self.field.profile is not None:
            inspect_upload(content, profile=self.field.profile, name=name)
        return super().save(name, content, save=save)


class PolicyFieldFile(_PolicyFile, FieldFile):
    pass


class PolicyImageFieldFile(_PolicyFile, ImageFieldFile):
    pass


class _PolicyModelField:
    """Mixin of the model fields: the profile, and the policy's form field."""

    def __init__(self, *args, profile: Profile | str | None = None, server_written: bool = False, **kwargs):
        self.profile = _profile(profile)
        self.server_written = server_written
        if self.profile is None and not server_written:
            raise TypeError(
                "a file field needs an upload profile, or server_written=True for files the server writes"
            )
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.profile is not None:
            kwargs["profile"] = self.profile.key
        if self.server_written:
            kwargs["server_written"] = True
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        if self.profile is None:
            return super().formfield(**kwargs)
        return models.Field.formfield(
            self,
            **{
                "form_class": PolicyFormField,
                "profile": self.profile,
                "max_length": self.max_length,
                **kwargs,
            },
        )


class PolicyFileField(_PolicyModelField, models.FileField):
    """A ``FileField`` whose files go through the upload policy (profile) or are written by the server."""

    attr_class = PolicyFieldFile


class PolicyImageField(_PolicyModelField, models.ImageField):
    """An ``ImageField`` checked by the upload policy instead of Pillow's extension list."""

    attr_class = PolicyImageFieldFile
    default_validators = []  # not Pillow's English list of extensions: the policy checks the content
