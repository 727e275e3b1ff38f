"""Files on the local disk: the default :class:`~sleeplab_core.coaching.ports.FileStore`."""

from adapters.local_files.store import LocalFileStore, build_service

__all__ = ["LocalFileStore", "build_service"]
