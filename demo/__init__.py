from . import strategic_client_demo
