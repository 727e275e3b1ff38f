"""The contract suites every adapter of a port passes, and so does its in-memory fake.

Each suite is an abstract class (no ``Test`` prefix, so pytest does not collect it alone)
whose tests use a fixture the backend provides; another team's adapter passes a suite with a
one-line subclass::

    from sleeplab_core.testing.contracts.document_store import DocumentStoreContract

    class TestMyStore(DocumentStoreContract):
        @pytest.fixture
        def store(self, tmp_path): return MyStore(tmp_path)

Suites: ``storage`` (the unit of work and base repositories), ``ledger``, ``job_store``,
``payments``, ``chat_model``, ``document_store``, ``intake`` (Telegram updates stored
before they are acknowledged). Each module's docstring names the fixtures
it needs. They need pytest and hypothesis (``pip install sleeplab[testing]``).
"""
