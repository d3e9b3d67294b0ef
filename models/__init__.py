from . import strategic_criterion
from . import strategic_score_line
from . import strategic_score_history
from . import res_company
from . import res_config_settings
from . import res_partner
