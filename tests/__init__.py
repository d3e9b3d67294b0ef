from . import test_settings
from . import test_criteria
from . import test_metrics
from . import test_ranking
from . import test_demo
