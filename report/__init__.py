from . import consumption_report
