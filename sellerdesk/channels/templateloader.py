"""Finds a channel's templates in its own folder (sellerdesk/channels/<name>/templates/)."""

from __future__ import annotations

from django.template.loaders.filesystem import Loader as FilesystemLoader


class Loader(FilesystemLoader):
    def get_dirs(self):
        from sellerdesk.channels.registry import CHANNELS, folder

        return [str(folder(name) / "templates") for name in CHANNELS if (folder(name) / "templates").is_dir()]
